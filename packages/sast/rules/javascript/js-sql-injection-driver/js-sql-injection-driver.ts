import { Controller, Get, Param, ParseIntPipe, Post, Body, Query } from '@nestjs/common';
import { Pool } from 'pg';

class CreateUserDto {
  name!: string;
  role!: string;
}

@Controller('users')
export class UsersController {
  constructor(private readonly pool: Pool) {}

  @Get(':id')
  async findOne(@Param('id', ParseIntPipe) id: number, @Query('fields') fields: string) {
    // ok: js-sql-injection-driver
    await this.pool.query(`SELECT * FROM users WHERE id = ${id}`);
    // ruleid: js-sql-injection-driver
    return this.pool.query(`SELECT ${fields} FROM users WHERE id = $1`, [id]);
  }

  @Post()
  async create(@Body() dto: CreateUserDto) {
    const statement = "INSERT INTO users (name, role) VALUES ('" + dto.name + "', '" + dto.role + "')";
    // ruleid: js-sql-injection-driver
    await this.pool.query(statement);
    // ok: js-sql-injection-driver
    await this.pool.query('INSERT INTO users (name, role) VALUES ($1, $2)', [dto.name, dto.role]);
  }
}
