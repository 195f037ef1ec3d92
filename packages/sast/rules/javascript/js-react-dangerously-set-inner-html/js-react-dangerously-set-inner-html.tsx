import type { FC } from 'react';
import DOMPurify from 'isomorphic-dompurify';

interface PostProps {
  post: { title: string; contentHtml: string };
}

export const Post: FC<PostProps> = ({ post }) => (
  <article>
    <h1>{post.title}</h1>
    <div
      className="prose"
      dangerouslySetInnerHTML={{
        // ruleid: js-react-dangerously-set-inner-html
        __html: post.contentHtml as string,
      }}
    />
  </article>
);

export const SafePost: FC<PostProps> = ({ post }) => (
  <article>
    <div
      className="prose"
      dangerouslySetInnerHTML={{
        // ok: js-react-dangerously-set-inner-html
        __html: DOMPurify.sanitize(post.contentHtml),
      }}
    />
  </article>
);
