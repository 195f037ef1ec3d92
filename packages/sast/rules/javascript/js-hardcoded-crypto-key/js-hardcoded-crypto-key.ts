import { createCipheriv, createHmac, randomBytes } from 'crypto';
import { ConfigService } from '@nestjs/config';

export class TokenCipher {
  constructor(private readonly config: ConfigService) {}

  seal(data: string): Buffer {
    const iv: Buffer = randomBytes(12);
    // ruleid: js-hardcoded-crypto-key
    const cipher = createCipheriv('aes-256-gcm', Buffer.from('c2VjcmV0LWtleS1mb3ItYWVzLTI1Ni1nY20tMDAwMA==', 'base64'), iv);
    return Buffer.concat([iv, cipher.update(data), cipher.final(), cipher.getAuthTag()]);
  }

  mac(data: string): string {
    // ruleid: js-hardcoded-crypto-key
    return createHmac('sha256', 'hmac-key-1234').update(data).digest('hex');
  }

  macGood(data: string): string {
    const key = this.config.get<string>('HMAC_KEY') as string;
    // ok: js-hardcoded-crypto-key
    return createHmac('sha256', key).update(data).digest('hex');
  }
}
