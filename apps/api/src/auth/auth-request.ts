import { Request } from 'express';
import { AdminRole } from '@app/domain';

/** The staff member behind a request, as loaded by the guard (role from the DB, not the token). */
export interface AuthenticatedAdmin {
  id: string;
  username: string;
  role: AdminRole;
  displayName: string | null;
}

/** The access token the request was authenticated with. */
export interface AuthSession {
  jti: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** Login session id; equals the refresh-token family when the client asked for one. */
  sid: string;
}

export interface AuthenticatedRequest extends Request {
  admin?: AuthenticatedAdmin;
  authSession?: AuthSession;
}
