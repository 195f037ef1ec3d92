import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

@Injectable()
export class JwtAuthStrategy extends PassportStrategy(Strategy) {
  constructor() {
    // ruleid: js-jwt-ignore-expiration
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: true,
      secretOrKey: process.env.JWT_SECRET as string,
    });
  }
}

@Injectable()
export class StrictJwtStrategy extends PassportStrategy(Strategy, 'strict') {
  constructor() {
    // ok: js-jwt-ignore-expiration
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      secretOrKey: process.env.JWT_SECRET as string,
    });
  }
}

@Injectable()
export class SessionService {
  constructor(private readonly jwtService: JwtService) {}

  async whoAmI(token: string): Promise<string> {
    // ruleid: js-jwt-ignore-expiration
    const payload: { sub: string } = await this.jwtService.verifyAsync(token, { ignoreExpiration: true });
    if (!payload) throw new UnauthorizedException();
    return payload.sub;
  }
}
