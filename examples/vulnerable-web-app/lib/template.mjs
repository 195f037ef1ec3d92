// A tiny `{{ expression }}` template engine in the spirit of Nunjucks, Jinja2 or Handlebars
// with helpers: each expression is compiled with `new Function` and run with the data as
// its variables. Rendering a template is safe only when the template is the developer's;
// when user input becomes part of the template text (the /vuln/hello endpoint), the user
// runs arbitrary JavaScript in the server (server-side template injection): `{{7*7}}`
// renders 49, and `{{process.env}}` would leak the environment.

const EXPRESSION = /\{\{([\s\S]+?)\}\}/g;

/** Renders `template`, evaluating each `{{ expression }}` with `data` as its variables. */
export function renderTemplate(template, data = {}) {
  const names = Object.keys(data);
  const values = Object.values(data);
  return template.replace(EXPRESSION, (_, expression) => {
    // Deliberately dangerous: the expression is JavaScript source (see the top comment).
    const evaluate = new Function(...names, `return (${expression});`);
    const value = evaluate(...values);
    return value === undefined || value === null ? '' : String(value);
  });
}
