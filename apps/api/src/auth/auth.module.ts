import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AccessLogModule } from '../access-log/access-log.module';
import { SlidingWindowRateLimiter } from '../common/rate-limit/sliding-window-rate-limiter';
import { ApiConfig } from '../config/api.config';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AdminSessionsService } from './admin-sessions.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordService } from './password.service';
import { RefreshTokenService } from './refresh-token.service';
import { TokenService } from './token.service';

/**
 * Login, refresh, logout, the global guard's token checks and the first-admin bootstrap.
 * Exports what other modules need to manage staff sessions (passwords, revocation).
 */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [ApiConfig],
      useFactory: (config: ApiConfig) => ({
        secret: config.jwt.secret,
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    AccessLogModule,
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    AuthGuard,
    TokenService,
    AdminSessionsService,
    PasswordService,
    LoginThrottleService,
    RefreshTokenService,
    AdminBootstrapService,
    SlidingWindowRateLimiter,
  ],
  exports: [
    AuthGuard,
    TokenService,
    AdminSessionsService,
    PasswordService,
    SlidingWindowRateLimiter,
  ],
})
export class AuthModule {}
