import { Controller, Get, Query, Res } from '@nestjs/common';
import { Response } from 'express';

@Controller('auth')
export class AuthController {
  @Get('done')
  done(@Query('returnTo') returnTo: string, @Res() res: Response) {
    // ruleid: js-open-redirect
    return res.redirect(returnTo);
  }

  @Get('home')
  home(@Query('tab') tab: string, @Res() res: Response) {
    // ok: js-open-redirect
    return res.redirect(`/home?tab=${encodeURIComponent(tab)}`);
  }
}
