import { Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';

interface LoginDto {
  email: string;
  password: string;
}

@Controller('accounts')
export class AccountsController {
  constructor(@InjectModel('Account') private readonly accountModel: Model<unknown>) {}

  @Post('login')
  async login(@Body() dto: LoginDto) {
    // ruleid: js-nosql-injection-operator
    return this.accountModel.findOne({ email: dto.email, password: dto.password });
  }

  @Get()
  async list(@Query() filter: Record<string, unknown>) {
    // ruleid: js-nosql-injection-operator
    return this.accountModel.find(filter).exec();
  }

  @Get(':id')
  async one(@Param('id', ParseIntPipe) id: number, @Query('email') email: string) {
    // ok: js-nosql-injection-operator
    await this.accountModel.findOne({ seq: id });
    // ok: js-nosql-injection-operator
    return this.accountModel.findOne({ email: String(email) });
  }
}
