import { Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, DataSource, Raw, Repository } from 'typeorm';
import { Request, Response } from 'express';
import express from 'express';
import { User } from './user.entity';

class SearchDto {
  name!: string;
  sort!: string;
}

@Controller('users')
export class UsersController {
  constructor(
    @InjectRepository(User) private readonly usersRepository: Repository<User>,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  search(@Query() dto: SearchDto) {
    return this.usersRepository
      .createQueryBuilder('user')
      // ruleid: js-sql-injection-typeorm
      .where(`user.name = '${dto.name}'`)
      // ruleid: js-sql-injection-typeorm
      .orderBy(dto.sort)
      .getMany();
  }

  @Get('safe')
  searchSafe(@Query('name') name: string) {
    return this.usersRepository
      .createQueryBuilder('user')
      // ok: js-sql-injection-typeorm
      .where('user.name = :name', { name })
      // ok: js-sql-injection-typeorm
      .andWhere(new Brackets((qb) => qb.where('user.role = :role', { role: name })))
      .getMany();
  }

  @Get(':id')
  findOne(@Param('id', ParseIntPipe) id: number, @Param('group') group: string) {
    // ok: js-sql-injection-typeorm
    this.dataSource.query(`SELECT * FROM users WHERE id = ${id}`);
    // ruleid: js-sql-injection-typeorm
    return this.dataSource.query(`SELECT * FROM users WHERE grp = '${group}'`);
  }

  @Post('by-date')
  byDate(@Body('after') after: string) {
    return this.usersRepository.find({
      // ruleid: js-sql-injection-typeorm
      where: { createdAt: Raw((alias) => `${alias} > '${after}'`) },
    });
  }
}

const app = express();
app.get('/photos', async (req: Request, res: Response) => {
  const qb = dataSource.getRepository(User).createQueryBuilder('u');
  // ruleid: js-sql-injection-typeorm
  qb.leftJoinAndSelect('u.photos', 'p', 'p.kind = ' + req.query.kind);
  // ok: js-sql-injection-typeorm
  qb.leftJoinAndSelect('u.photos', 'p', 'p.kind = :kind', { kind: req.query.kind });
  const manager = dataSource.manager;
  const table = req.query.table as string;
  // ruleid: js-sql-injection-typeorm
  res.json(await manager.query('SELECT * FROM ' + table));
});
