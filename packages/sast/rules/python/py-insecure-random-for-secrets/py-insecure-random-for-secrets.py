import random
import secrets
import string
from random import choice as pick

ALPHABET = string.ascii_letters + string.digits


def generate_api_key(length: int = 32) -> str:
    # ruleid: py-insecure-random-for-secrets
    return "".join(random.choice(ALPHABET) for _ in range(length))


class PasswordReset:
    def __init__(self, user):
        self.user = user
        # ruleid: py-insecure-random-for-secrets
        self.reset_token = "%032x" % random.getrandbits(128)


def send_login_code(user, sms):
    # ruleid: py-insecure-random-for-secrets
    otp = random.randint(100000, 999999)
    sms.send(user.phone, f"Your code is {otp}")
    session = {}
    # ruleid: py-insecure-random-for-secrets
    session["csrf_token"] = str(random.random())
    temp_password = ""
    for _ in range(12):
        # ruleid: py-insecure-random-for-secrets
        temp_password += random.choice(ALPHABET)
    return otp, session, temp_password


def make_invite_code():
    # ruleid: py-insecure-random-for-secrets
    return "".join(pick(ALPHABET) for _ in range(8))


def good_tokens(chunks, prompt):
    # ok: py-insecure-random-for-secrets
    token = secrets.token_urlsafe(32)
    # ok: py-insecure-random-for-secrets
    pin = secrets.randbelow(10_000)
    # ok: py-insecure-random-for-secrets
    max_tokens = random.randint(64, 256)
    # ok: py-insecure-random-for-secrets
    password_length = random.randint(12, 20)
    # ok: py-insecure-random-for-secrets
    sample = random.sample(chunks, k=3)
    # ok: py-insecure-random-for-secrets
    delay = random.uniform(0.5, 1.5)
    return token, pin, max_tokens, password_length, sample, delay, prompt


def shuffle_quiz(questions):
    # ok: py-insecure-random-for-secrets
    random.shuffle(questions)
    return questions


def tokenize_with_dropout(words):
    # ok: py-insecure-random-for-secrets
    return [w for w in words if random.random() > 0.1]
