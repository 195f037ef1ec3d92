import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';

@Injectable()
export class UsersService {
  hashPassword(password: string): { salt: string; hash: string } {
    const salt: string = randomBytes(16).toString('hex');
    // ruleid: js-password-hash-without-kdf
    const hash = createHash('sha256').update(`${salt}${password}`).digest('hex');
    return { salt, hash };
  }

  hashApiToken(token: string): string {
    // ok: js-password-hash-without-kdf
    return createHash('sha256').update(token as string).digest('hex');
  }
}
