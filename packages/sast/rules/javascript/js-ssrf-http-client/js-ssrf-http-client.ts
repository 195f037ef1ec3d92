import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';

class ImportDto {
  feedUrl!: string;
  id!: string;
}

@Controller('feeds')
export class FeedsController {
  constructor(private readonly httpService: HttpService) {}

  @Post('import')
  async import(@Body() dto: ImportDto) {
    // ruleid: js-ssrf-http-client
    const res = await firstValueFrom(this.httpService.get(dto.feedUrl));
    // ok: js-ssrf-http-client
    await firstValueFrom(this.httpService.get(`https://feeds.example.com/items/${dto.id}`));
    return res.data;
  }

  @Get('check')
  async check(@Query('url') url: string) {
    // ruleid: js-ssrf-http-client
    const r = await fetch(url);
    return r.status;
  }
}
