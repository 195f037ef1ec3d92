from django.http import HttpResponse
from django.template import Context, Template as DjangoTemplate
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from flask import Flask, render_template, render_template_string, request
from jinja2 import Environment, Template
from jinja2.sandbox import SandboxedEnvironment

app = Flask(__name__)
api = FastAPI()
env = Environment(autoescape=True)
sandbox = SandboxedEnvironment(autoescape=True)


@app.get("/hello")
def hello():
    name = request.args.get("name", "world")
    # ruleid: py-ssti-request-data
    page = render_template_string(f"<h1>Hello {name}!</h1>")
    # ok: py-ssti-request-data
    safe = render_template_string("<h1>Hello {{ name }}!</h1>", name=name)
    # ok: py-ssti-request-data
    also_safe = render_template("hello.html", name=name)
    return page + safe + also_safe


@app.post("/emails/preview")
def preview_email():
    data = request.get_json()
    subject, body = data["subject"], data["body"]
    # ruleid: py-ssti-request-data
    rendered = Template(body).render(user="alice")
    # ruleid: py-ssti-request-data
    title = env.from_string("Re: " + subject).render()
    # ok: py-ssti-request-data
    sandboxed = sandbox.from_string(body).render(user="alice")
    return {"subject": title, "body": rendered, "sandboxed": sandboxed}


def wrap_layout(fragment):
    return "{% extends 'base.html' %}{% block content %}" + fragment + "{% endblock %}"


def django_page(request):
    source = wrap_layout(request.POST["content"])
    # ruleid: py-ssti-request-data
    template = DjangoTemplate(source)
    return HttpResponse(template.render(Context({"user": request.user})))


@api.get("/greet", response_class=HTMLResponse)
async def greet(greeting: str):
    # ruleid: py-ssti-request-data
    return env.from_string(greeting + ", {{ user }}").render(user="bob")
