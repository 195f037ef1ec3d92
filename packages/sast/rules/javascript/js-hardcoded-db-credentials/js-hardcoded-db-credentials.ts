import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'postgres',
      host: 'db.internal',
      username: 'nest',
      // ruleid: js-hardcoded-db-credentials
      password: 'n3st-typeorm-pw',
      autoLoadEntities: true,
    }),
  ],
})
export class DatabaseModule {}

export const dataSource = new DataSource({
  type: 'mysql',
  // ok: js-hardcoded-db-credentials
  password: process.env.DB_PASSWORD as string,
} as DataSourceOptions);
