import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule);
  // ruleid: js-helmet-protection-disabled
  app.use(helmet({ contentSecurityPolicy: false, crossOriginResourcePolicy: { policy: 'cross-origin' } }));
  // ok: js-helmet-protection-disabled
  app.use(helmet({ crossOriginResourcePolicy: { policy: 'same-site' } }) as unknown as () => void);
  await app.listen(Number(process.env.PORT) || 3000);
}
void bootstrap();
