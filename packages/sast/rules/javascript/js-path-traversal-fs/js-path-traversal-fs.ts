import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { Response } from 'express';
import { createReadStream } from 'fs';
import { readFile } from 'fs/promises';
import { basename, join } from 'path';

@Controller('docs')
export class DocsController {
  @Get(':name')
  async read(@Param('name') name: string) {
    // ruleid: js-path-traversal-fs
    return readFile(join(__dirname, 'docs', name), 'utf8');
  }

  @Get('safe/:name')
  async readSafe(@Param('name') name: string) {
    // ok: js-path-traversal-fs
    return readFile(join(__dirname, 'docs', basename(name)), 'utf8');
  }

  @Get()
  stream(@Query('file') file: string, @Res() res: Response) {
    // ruleid: js-path-traversal-fs
    createReadStream(`/var/data/${file}`).pipe(res);
  }
}
