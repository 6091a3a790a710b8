import { DynamicModule, Module, Provider } from '@nestjs/common';
import { ChatwootClient } from './chatwoot.client';
import { CHATWOOT_OPTIONS, ChatwootClientOptions } from './chatwoot.types';

/** Provides `ChatwootClient`; the app hands over options from its validated config. */
@Module({})
export class ChatwootModule {
  public static forRootAsync(options: {
    inject: (string | symbol | (abstract new (...args: never[]) => unknown))[];
    useFactory: (...args: never[]) => ChatwootClientOptions;
  }): DynamicModule {
    const provider: Provider = {
      provide: CHATWOOT_OPTIONS,
      inject: options.inject,
      useFactory: options.useFactory,
    };
    return {
      module: ChatwootModule,
      global: true,
      providers: [provider, ChatwootClient],
      exports: [ChatwootClient],
    };
  }
}
