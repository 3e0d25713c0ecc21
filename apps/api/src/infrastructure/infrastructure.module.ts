import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '../../../../platform/database/data-source';
import { APP_CONFIG, type AppConfig } from './config.provider';
import { TemporalService } from './temporal.service';

/** Configuration, the database connection and the Temporal client, for every feature module. */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: InfrastructureModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config.databaseUrl),
          retryAttempts: 3,
          retryDelay: 1000,
        }),
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }, TemporalService],
      exports: [APP_CONFIG, TemporalService],
    };
  }
}
