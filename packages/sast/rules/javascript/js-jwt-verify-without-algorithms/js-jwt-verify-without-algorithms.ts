import * as jwt from 'jsonwebtoken';
import { Request, Response, NextFunction } from 'express';

interface Claims extends jwt.JwtPayload {
  sub: string;
  roles: string[];
}

export function requireAuth(req: Request, res: Response, next: NextFunction): void {
  const header = req.header('authorization') ?? '';
  // ruleid: js-jwt-verify-without-algorithms
  const claims = jwt.verify(header.slice(7), process.env.JWT_SECRET as string) as Claims;
  res.locals.user = claims;
  next();
}

export function requireAuthPinned(req: Request, res: Response, next: NextFunction): void {
  const header = req.header('authorization') ?? '';
  const options: jwt.VerifyOptions = { algorithms: ['HS256'] };
  // ok: js-jwt-verify-without-algorithms
  const claims = jwt.verify(header.slice(7), process.env.JWT_SECRET as string, { algorithms: ['HS256'] }) as Claims;
  res.locals.user = { claims, options };
  next();
}
