import { Module, Injectable } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

@Module({
  // ruleid: js-jwt-hardcoded-secret
  imports: [JwtModule.register({ secret: 'nest-secret-123', signOptions: { expiresIn: '60s' } })],
})
export class AuthModule {}

@Module({
  // ok: js-jwt-hardcoded-secret
  imports: [JwtModule.register({ secret: process.env.JWT_SECRET as string })],
})
export class SafeAuthModule {}

@Injectable()
export class JwtAuthStrategy extends PassportStrategy(Strategy) {
  constructor() {
    // ruleid: js-jwt-hardcoded-secret
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      secretOrKey: 'nest-secret-123',
    });
  }

  validate(payload: { sub: string }): { userId: string } {
    return { userId: payload.sub };
  }
}
