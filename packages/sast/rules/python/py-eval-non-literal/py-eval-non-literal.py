import ast
import builtins

DEFAULT_EXPR = "1 + 1"


def calculate(expression: str) -> float:
    # ruleid: py-eval-non-literal
    return eval(expression)


def run_hook(hook_source, context):
    namespace = {"ctx": context}
    # ruleid: py-eval-non-literal
    exec(hook_source, namespace)
    return namespace.get("result")


def render_setting(name, value):
    # ruleid: py-eval-non-literal
    return builtins.eval(f"{name}({value!r})")


def load_literal(text):
    # ok: py-eval-non-literal
    return ast.literal_eval(text)


def constants(model):
    # ok: py-eval-non-literal
    two = eval("1 + 1")
    # ok: py-eval-non-literal
    also_two = eval(DEFAULT_EXPR)
    # ok: py-eval-non-literal
    model.eval()
    # ok: py-eval-non-literal
    exec("import math")
    return two, also_two
