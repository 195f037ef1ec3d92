import { Injectable } from '@nestjs/common';
import { randomInt } from 'crypto';

interface Invite {
  code: string;
  inviteToken: string;
}

@Injectable()
export class InviteService {
  private readonly ttl: number = 3600;

  createVerificationCode(): string {
    // ruleid: js-insecure-random
    const otp: string = String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
    return otp;
  }

  create(email: string): Invite {
    // ruleid: js-insecure-random
    const inviteToken: string = (Math.random() as number).toString(36).slice(2);
    return { code: email, inviteToken };
  }

  createSafeCode(): string {
    // ok: js-insecure-random
    return String(randomInt(0, 1_000_000)).padStart(6, '0');
  }

  backoff(attempt: number): number {
    // ok: js-insecure-random
    return Math.min(30_000, 2 ** attempt * 100 + Math.random() * 100);
  }
}

export function generateApiKey(prefix: string): string {
  // ruleid: js-insecure-random
  return `${prefix}_${Math.random().toString(36).slice(2)}`;
}
