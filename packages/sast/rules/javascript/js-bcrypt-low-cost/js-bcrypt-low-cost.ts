import { Injectable } from '@nestjs/common';
import * as bcrypt from 'bcrypt';

@Injectable()
export class PasswordService {
  private readonly rounds: number = 12;

  async hash(plain: string): Promise<string> {
    // ruleid: js-bcrypt-low-cost
    return bcrypt.hash(plain, 6) as Promise<string>;
  }

  async hashQuick(plain: string): Promise<string> {
    // ruleid: js-bcrypt-low-cost
    const salt: string = await bcrypt.genSalt(7);
    return bcrypt.hash(plain, salt);
  }

  async hashGood(plain: string): Promise<string> {
    // ok: js-bcrypt-low-cost
    return bcrypt.hash(plain, this.rounds);
  }

  verify(plain: string, hash: string): Promise<boolean> {
    // ok: js-bcrypt-low-cost
    return bcrypt.compare(plain, hash) as Promise<boolean>;
  }
}
