const express = require('express');
const path = require('path');
const serve = require('koa-static');

const app = express();

// ruleid: js-express-static-dotfiles
app.use(express.static(path.join(__dirname, 'public'), { dotfiles: 'allow', maxAge: '1d' }));

// ruleid: js-express-static-dotfiles
app.use('/files', express.static(__dirname, { dotfiles: "allow" }));

// ruleid: js-express-static-dotfiles
fastify.register(require('@fastify/static'), { root: path.join(__dirname, 'public'), dotfiles: 'allow' });

// ruleid: js-express-static-dotfiles
koaApp.use(serve('.', { hidden: true }));

// ok: js-express-static-dotfiles
app.use(express.static(path.join(__dirname, 'public')));

// ok: js-express-static-dotfiles
app.use(express.static(path.join(__dirname, 'public'), { dotfiles: 'deny' }));

// ok: js-express-static-dotfiles
app.use('/.well-known', express.static(path.join(__dirname, 'well-known'), { dotfiles: 'ignore' }));

// ok: js-express-static-dotfiles
koaApp.use(serve('public'));
