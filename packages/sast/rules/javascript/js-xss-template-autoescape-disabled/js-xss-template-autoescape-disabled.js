const express = require('express');
const Handlebars = require('handlebars');
const { engine, create } = require('express-handlebars');
const nunjucks = require('nunjucks');
const Mustache = require('mustache');
const { Eta } = require('eta');

const app = express();

// ruleid: js-xss-template-autoescape-disabled
const page = Handlebars.compile(source, { noEscape: true });
// ok: js-xss-template-autoescape-disabled
const page2 = Handlebars.compile(source, { strict: true });

// ruleid: js-xss-template-autoescape-disabled
app.engine('hbs', engine({ extname: '.hbs', compilerOptions: { noEscape: true } }));

// ruleid: js-xss-template-autoescape-disabled
nunjucks.configure('views', { autoescape: false, express: app });
// ok: js-xss-template-autoescape-disabled
nunjucks.configure('views', { autoescape: true, express: app });

// ruleid: js-xss-template-autoescape-disabled
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader('views'), { autoescape: false });

// ruleid: js-xss-template-autoescape-disabled
const eta = new Eta({ views: './views', autoEscape: false });
// ok: js-xss-template-autoescape-disabled
const eta2 = new Eta({ views: './views', autoEscape: true });

// ruleid: js-xss-template-autoescape-disabled
Mustache.escape = (text) => text;
// ok: js-xss-template-autoescape-disabled
Mustache.escape = (text) => customEscape(text);
