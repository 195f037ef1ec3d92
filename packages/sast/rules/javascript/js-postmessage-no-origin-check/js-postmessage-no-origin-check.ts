interface WidgetMessage {
  kind: 'resize' | 'login';
  height?: number;
  token?: string;
}

export function listen(store: Map<string, string>): void {
  // ruleid: js-postmessage-no-origin-check
  window.addEventListener('message', (event: MessageEvent<WidgetMessage>): void => {
    const msg = event.data as WidgetMessage;
    if (msg.kind === 'login' && msg.token) store.set('token', msg.token);
  });
}

export function listenSafely(store: Map<string, string>): void {
  // ok: js-postmessage-no-origin-check
  window.addEventListener('message', (event: MessageEvent<WidgetMessage>): void => {
    if (event.origin !== 'https://widget.example.com') return;
    const msg = event.data as WidgetMessage;
    if (msg.kind === 'login' && msg.token) store.set('token', msg.token);
  });
}
