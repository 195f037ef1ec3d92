import React from 'react';
import DOMPurify from 'dompurify';

export function Comment({ comment }) {
  return (
    <li className="comment">
      <strong>{comment.author}</strong>
      <div
        className="body"
        dangerouslySetInnerHTML={{
          // ruleid: js-react-dangerously-set-inner-html
          __html: comment.bodyHtml,
        }}
      />
    </li>
  );
}

export function Bio({ user }) {
  // ruleid: js-react-dangerously-set-inner-html
  return <section id="bio" dangerouslySetInnerHTML={{ __html: `<p>${user.bio}</p>` }}></section>;
}

export function Legacy({ html }) {
  // ruleid: js-react-dangerously-set-inner-html
  return React.createElement('div', { className: 'legacy', dangerouslySetInnerHTML: { __html: html } });
}

const SPINNER_SVG = '<svg class="spin"></svg>';

export function SafeComment({ comment }) {
  return (
    <div
      dangerouslySetInnerHTML={{
        // ok: js-react-dangerously-set-inner-html
        __html: DOMPurify.sanitize(comment.bodyHtml),
      }}
    />
  );
}

export function Spinner() {
  // ok: js-react-dangerously-set-inner-html
  return <span dangerouslySetInnerHTML={{ __html: SPINNER_SVG }} />;
}

export function Nbsp() {
  // ok: js-react-dangerously-set-inner-html
  return <span dangerouslySetInnerHTML={{ __html: '&nbsp;' }} />;
}

export function Text({ comment }) {
  // ok: js-react-dangerously-set-inner-html
  return <p>{comment.text}</p>;
}
