import DOMPurify from 'dompurify';

interface Notification {
  title: string;
  bodyHtml: string;
}

export class Toast {
  constructor(private readonly host: HTMLElement) {}

  show(n: Notification): void {
    const box = document.createElement('div') as HTMLDivElement;
    // ruleid: js-dom-innerhtml
    box.innerHTML = `<h4>${n.title}</h4>${n.bodyHtml}`;
    this.host.appendChild(box);
  }

  showFromServer(res: { html?: string }): void {
    // ruleid: js-dom-innerhtml
    (this.host.querySelector('.body') as HTMLElement).innerHTML = res.html!;
  }

  showSafe(n: Notification): void {
    const box = document.createElement('div');
    // ok: js-dom-innerhtml
    box.innerHTML = DOMPurify.sanitize(n.bodyHtml) as string;
    this.host.appendChild(box);
  }
}
