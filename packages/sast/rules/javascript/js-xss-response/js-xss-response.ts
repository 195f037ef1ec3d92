import { Controller, Get, Injectable, Param, ParseIntPipe, Query, Res } from '@nestjs/common';
import { Response } from 'express';
import escapeHtml from 'escape-html';

@Controller('greet')
export class GreetController {
  @Get()
  hello(@Query('name') name: string) {
    // ruleid: js-xss-response
    return `<h1>Hello ${name}</h1>`;
  }

  @Get('safe')
  helloSafe(@Query('name') name: string) {
    // ok: js-xss-response
    return `<h1>Hello ${escapeHtml(name)}</h1>`;
  }

  @Get('json')
  helloJson(@Query('name') name: string) {
    // ok: js-xss-response
    return { greeting: name };
  }

  @Get(':id')
  byId(@Param('id', ParseIntPipe) id: number, @Res() res: Response) {
    // ok: js-xss-response
    res.send(`<p>${id}</p>`);
  }

  @Get('raw')
  raw(@Query('msg') msg: string, @Res() res: Response) {
    // ruleid: js-xss-response
    res.send('<div>' + msg + '</div>');
  }
}

@Injectable()
export class Formatter {
  format(text: string) {
    // ok: js-xss-response
    return `<b>${text}</b>`;
  }
}
