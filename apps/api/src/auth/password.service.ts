import { Injectable } from '@nestjs/common';
import { compare, hash } from 'bcryptjs';
import { ApiConfig } from '../config/api.config';

/**
 * bcrypt hashing (cost from BCRYPT_COST). bcryptjs is pure JS and already a dependency; hashes
 * are standard bcrypt, so an existing bcrypt hash (e.g. one written by passlib) can be given as
 * ADMIN_PASSWORD_HASH.
 * bcrypt only reads the first 72 bytes of a password.
 */
@Injectable()
export class PasswordService {
  private dummyHash: Promise<string> | null = null;

  public constructor(private readonly config: ApiConfig) {}

  public hash(password: string): Promise<string> {
    return hash(password, this.config.bcryptCost);
  }

  public async verify(password: string, passwordHash: string): Promise<boolean> {
    try {
      return await compare(password, passwordHash);
    } catch {
      return false; // a malformed stored hash never matches
    }
  }

  /** Same work as a real check, so unknown usernames cannot be told apart by timing. */
  public async burn(password: string): Promise<void> {
    this.dummyHash ??= this.hash('not-a-real-password');
    await this.verify(password, await this.dummyHash);
  }
}
