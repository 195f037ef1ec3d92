import { NestFactory } from '@nestjs/core';
import * as session from 'express-session';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule);
  app.use(
    // ruleid: js-session-insecure-cookie
    session({
      secret: process.env.SESSION_SECRET as string,
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: false, sameSite: 'lax' },
    }),
  );
  app.use(
    // ok: js-session-insecure-cookie
    session({
      secret: process.env.SESSION_SECRET as string,
      cookie: { httpOnly: true, secure: true },
    }),
  );
  await app.listen(3000);
}
void bootstrap();
