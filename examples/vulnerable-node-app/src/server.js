// A tiny "notes" API with classic mistakes. Vulnerable on purpose: see examples/README.md.
const express = require('express');
const { exec } = require('child_process');
const mysql = require('mysql');

const AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

const db = mysql.createConnection({ host: 'localhost', user: 'notes', password: 'hunter2-notes-db' });
const app = express();

app.get('/notes', (req, res) => {
  // SQL injection: the query string goes straight into the SQL text.
  db.query("SELECT * FROM notes WHERE owner = '" + req.query.owner + "'", (err, rows) => {
    if (err) return res.status(500).send(err.stack);
    res.json(rows);
  });
});

app.get('/calc', (req, res) => {
  // Code injection: eval of request input.
  res.send(String(eval(req.query.expr)));
});

app.get('/ping', (req, res) => {
  // Command injection: the host is pasted into a shell command.
  exec('ping -c 1 ' + req.query.host, (err, stdout) => res.send(stdout));
});

app.get('/hello', (req, res) => {
  // Reflected XSS: request input written into HTML unescaped.
  res.send('<h1>Hello ' + req.query.name + '</h1>');
});

module.exports = { app, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY };
app.listen(3000);
