// What the /vuln half leaks at /vuln/.git/HEAD, /vuln/.git/config and /vuln/.env. Served
// from strings rather than real dot-files so that no tool (Git included) mistakes them for
// the real thing. Every value is fake.

/** A Git HEAD file. */
export const FAKE_GIT_HEAD = 'ref: refs/heads/main\n';

/** A Git config file with a remote. */
export const FAKE_GIT_CONFIG = `[core]
\trepositoryformatversion = 0
\tfilemode = true
\tbare = false
\tlogallrefupdates = true
[remote "origin"]
\turl = https://git.example.org/rampart-shop/storefront.git
\tfetch = +refs/heads/*:refs/remotes/origin/*
[branch "main"]
\tremote = origin
\tmerge = refs/heads/main
`;

/** An environment file with (fake) secrets. */
export const FAKE_ENV = `NODE_ENV=development
PORT=3000
DATABASE_URL=postgres://shop:not-a-real-password@db.internal.example:5432/shop
SESSION_SECRET=fake-session-secret-9f1c2e7b4a
AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
SMTP_PASSWORD=fake-smtp-password
`;
