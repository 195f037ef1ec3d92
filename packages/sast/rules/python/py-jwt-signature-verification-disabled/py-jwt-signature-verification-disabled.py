import os

import jwt
from jose import jwt as jose_jwt

PUBLIC_KEY = os.environ["JWT_PUBLIC_KEY"]


def current_user_id(auth_header: str) -> str:
    token = auth_header.removeprefix("Bearer ")
    # ruleid: py-jwt-signature-verification-disabled
    claims = jwt.decode(token, options={"verify_signature": False})
    return claims["sub"]


def legacy_claims(token: str):
    # ruleid: py-jwt-signature-verification-disabled
    a = jwt.decode(token, PUBLIC_KEY, verify=False)
    # ruleid: py-jwt-signature-verification-disabled
    b = jwt.decode(token, PUBLIC_KEY, algorithms=["RS256", "none"])
    # ruleid: py-jwt-signature-verification-disabled
    c = jose_jwt.get_unverified_claims(token)
    return a, b, c


def verified(token: str):
    # ok: py-jwt-signature-verification-disabled
    claims = jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"], audience="orders-api")
    # ok: py-jwt-signature-verification-disabled
    header = jwt.get_unverified_header(token)
    # ok: py-jwt-signature-verification-disabled
    strict = jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"], options={"require": ["exp"]})
    return claims, header, strict
