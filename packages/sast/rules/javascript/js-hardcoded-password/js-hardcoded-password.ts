import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';

@Injectable()
export class WeatherClient {
  // ruleid: js-hardcoded-password
  private readonly apiKey: string = 'a9f3c2d1e8b74f6a';

  // ok: js-hardcoded-password
  private readonly baseUrl: string = 'https://api.weather.example';

  constructor(private readonly http: HttpService) {}

  forecast(city: string) {
    return this.http.get(`${this.baseUrl}/forecast`, { params: { city, key: this.apiKey } });
  }
}

// ruleid: js-hardcoded-password
export const JWT_SECRET: string = 'my-jwt-signing-key-2024';

// ok: js-hardcoded-password
export const SECRET_HEADER: string = 'x-webhook-secret';

// ok: js-hardcoded-password
export const refreshToken = process.env.REFRESH_TOKEN as string;

// A path that ends in a credential word is not a property name.
export function fileLabel(file: string): string {
  // ok: js-hardcoded-password
  return `reads ${file === 'passwd' ? '/etc/passwd' : 'win.ini'}`;
}
