import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule);
  // ruleid: js-cors-permissive-credentials
  app.enableCors({ origin: true, credentials: true, methods: 'GET,POST' });
  await app.listen(Number(process.env.PORT ?? 3000));
}

async function bootstrapInline(): Promise<void> {
  // ruleid: js-cors-permissive-credentials
  const app = await NestFactory.create(AppModule, { cors: { origin: '*', credentials: true } });
  await app.listen(3000);
}

async function bootstrapSafe(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule);
  const origins: string[] = (process.env.CORS_ORIGINS as string).split(',');
  // ok: js-cors-permissive-credentials
  app.enableCors({ origin: origins, credentials: true });
  await app.listen(3000);
}

void bootstrap();
void bootstrapInline();
void bootstrapSafe();
