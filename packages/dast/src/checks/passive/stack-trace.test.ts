import { describe, expect, it } from 'vitest';
import { findTrace, stackTraceCheck } from './stack-trace.js';
import { exchange } from './test-support.js';

const NODE = `Error: boom
    at handler (/app/src/routes/user.js:12:11)
    at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)`;

// What Express's default handler renders outside production.
const EXPRESS_HTML = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Error</title></head><body>
<pre>TypeError: Cannot read properties of undefined (reading &#39;id&#39;)<br> &nbsp; &nbsp;at /app/index.js:5:21<br> &nbsp; &nbsp;at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)<br> &nbsp; &nbsp;at next (/app/node_modules/express/lib/router/route.js:149:13)</pre>
</body></html>`;

const PYTHON = `Traceback (most recent call last):
  File "/srv/app.py", line 42, in view
    user = users[uid]
KeyError: 'bob'`;

const JAVA = `java.lang.NullPointerException: null
\tat com.acme.web.UserController.show(UserController.java:57)
\tat sun.reflect.NativeMethodAccessorImpl.invoke0(Native Method)
\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:883)`;

const PHP_HTML =
  '<br />\n<b>Fatal error</b>:  Uncaught Error: Call to undefined function foo() in /var/www/html/index.php:3\nStack trace:\n#0 {main}\n  thrown in <b>/var/www/html/index.php</b> on line <b>3</b><br />';

const DOTNET = `System.InvalidOperationException: Sequence contains no elements
   at System.Linq.ThrowHelper.ThrowNoElementsException()
   at Acme.Web.Controllers.HomeController.Index(Int32 id) in C:\\src\\Acme\\HomeController.cs:line 21`;

const RUBY = `NoMethodError (undefined method 'name' for nil):
app/controllers/users_controller.rb:8:in \`show'
actionpack (7.0.4) lib/abstract_controller/base.rb:215:in \`process_action'`;

const DJANGO = `<html><body><div id="explanation"><p>You&#x27;re seeing this error because you have <code>DEBUG = True</code> in your Django settings file.</p></div></body></html>`;

const WERKZEUG =
  '<!doctype html><html><head><title>ZeroDivisionError: division by zero // Werkzeug Debugger</title></head><body></body></html>';

const JSON_ERROR = JSON.stringify({ error: 'boom', stack: NODE });

describe('dast/stack-trace', () => {
  it.each([
    ['a Node.js trace', NODE, 'text/plain', 'Node.js stack trace'],
    ["Express's HTML error page", EXPRESS_HTML, 'text/html', 'Node.js stack trace'],
    ['a trace inside JSON', JSON_ERROR, 'application/json', 'Node.js stack trace'],
    ['a Python traceback', PYTHON, 'text/plain', 'Python traceback'],
    ['a Java trace', JAVA, 'text/html', 'Java stack trace'],
    ['a PHP fatal error', PHP_HTML, 'text/html', 'PHP error'],
    ['a .NET trace', DOTNET, 'text/plain', '.NET stack trace'],
    ['a Rails backtrace', RUBY, 'text/plain', 'Ruby backtrace'],
    ['the Django debug page', DJANGO, 'text/html', 'Django debug page'],
    ['the Werkzeug debugger', WERKZEUG, 'text/html', 'Werkzeug/Flask debugger'],
  ])('reports %s', (_name, body, contentType, kind) => {
    const ex = exchange({ url: 'http://a.test/users/1?x=1', status: 500, body, contentType });
    const [issue, ...rest] = stackTraceCheck.inspect(ex);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      ruleId: 'dast/stack-trace',
      groupKey: 'http://a.test/users/1',
      details: { kind },
    });
    // The proof is verbatim in the body, so the evidence excerpt can centre on it.
    expect(issue?.proof && body.includes(issue.proof)).toBe(true);
  });

  it.each([
    ['a sentence starting with "at"', '<p>Meet us\n  at the office (see map.js:1:2) tomorrow.</p>'],
    ['a single frame-like line', 'Error\n    at main (/app/a.js:1:2)'],
    [
      'prose about tracebacks',
      '<p>Python prints "Traceback (most recent call last):" on errors.</p>',
    ],
    ['a PHP error without a file', '<p>Warning: you are about to leave.</p>'],
    ['a page mentioning DEBUG', '<p>Set DEBUG = True while developing.</p>'],
  ])('does not report %s', (_name, body) => {
    expect(stackTraceCheck.inspect(exchange({ body, contentType: 'text/html' }))).toEqual([]);
  });

  it('ignores scripts, which may contain trace-shaped strings', () => {
    const ex = exchange({ body: NODE, contentType: 'application/javascript' });
    expect(stackTraceCheck.inspect(ex)).toEqual([]);
  });

  it('counts frames', () => {
    expect(findTrace(NODE)?.frames).toBe(3);
  });
});
