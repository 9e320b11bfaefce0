import * as Y from 'yjs';
import type { Logger } from '../../log';
import type { RoomClientIdBinding } from '../../store/types';
import type { Connection } from '../connection';
import type { RoomPolicy } from '../policy';
import { CLOSE, encodePermissionDenied, encodeSyncStep1 } from '../protocol';
import type { RoomDocument } from '../roomDocument';
import type { ClientIds } from './clientIds';
import { judgeUpdate } from './judgeUpdate';
import { Strikes } from './strikes';

// The room's trust boundary: what a client sends is judged in full before it touches the
// document, applied on trial, validated, and only then passed on. Everything refused gets its
// answer here: permission denied (the socket stays), a request for history, or a close.

/** How long we wait for a client's answer to our sync request before asking again. */
const HISTORY_REQUEST_PATIENCE_MS = 5_000;
/** Incomplete updates quietly dropped while an answer is due, per refusal allowed. */
const DROPS_PER_STRIKE = 50;

export interface AdmissionLimits {
  maxDocBytes: number;
  /** Refused writes (and incomplete updates) a connection may send per minute before it is closed. */
  maxRefusalsPerMinute: number;
  /** Sync requests a connection may send per minute. */
  maxSyncRequestsPerMinute: number;
}

interface AdmissionServices {
  room: string;
  document: RoomDocument;
  policy: RoomPolicy;
  clientIds: ClientIds;
  log: Logger;
  rejected: (label: string) => void;
}

/** What an admitted update came to: the document updates to store and send on, and the client ids it bound. */
export interface Admitted {
  updates: Uint8Array[];
  bindings: RoomClientIdBinding[];
}

export class Admission {
  private readonly strikes: Strikes;
  private readonly syncRequests: Strikes;
  private readonly droppedWhileAwaiting: Strikes;
  /** Connections we have sent a sync step 1 and not yet heard the answer from, since when. */
  private readonly awaitingHistory = new WeakMap<Connection, number>();

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly s: AdmissionServices,
  ) {
    this.strikes = new Strikes(limits.maxRefusalsPerMinute, 60_000);
    this.syncRequests = new Strikes(limits.maxSyncRequestsPerMinute, 60_000);
    this.droppedWhileAwaiting = new Strikes(limits.maxRefusalsPerMinute * DROPS_PER_STRIKE, 60_000);
  }

  /** A new connection was just sent our sync request. */
  asked(conn: Connection): void {
    this.awaitingHistory.set(conn, Date.now());
  }

  /** A sync step 2 answers our request: it holds everything the client has that we lack. */
  answered(conn: Connection): void {
    this.awaitingHistory.delete(conn);
  }

  /** Counts a sync request; false (and the connection closed) past its allowance. */
  mayAskForSync(conn: Connection): boolean {
    if (!this.syncRequests.add(conn)) return true;
    this.reject(conn, CLOSE.rateLimited, 'too many sync requests');
    return false;
  }

  /**
   * Judges an update in full before it touches the document, applies it on trial, validates
   * every note it touched, and only then binds its client ids. Null when nothing is to be passed on.
   */
  admit(conn: Connection, update: Uint8Array): Admitted | null {
    const { document, policy, clientIds } = this.s;
    const judgement = judgeUpdate(update, document.doc, conn, policy, clientIds, { bytes: document.approxBytes, maxBytes: this.limits.maxDocBytes });
    switch (judgement.kind) {
      case 'nothing':
        return null;
      case 'deny':
        return this.deny(conn, judgement.reason, judgement.label);
      case 'malformed':
        return this.reject(conn, judgement.undecodable ? CLOSE.malformed : CLOSE.invalidContent, judgement.reason);
      case 'resync':
        return this.askForHistory(conn, judgement.reason);
      case 'trial':
        break;
    }
    const trial = document.trial(update, conn, { overSizeLimit: judgement.overSizeLimit });
    switch (trial.kind) {
      case 'failed':
        return this.reject(conn, CLOSE.malformed, 'update could not be applied');
      case 'pending':
        return this.askForHistory(conn, 'update left data the server cannot place');
      case 'refused':
        return trial.problem.rule ? this.deny(conn, trial.problem.reason, 'rule') : this.reject(conn, CLOSE.invalidContent, trial.problem.reason);
      case 'accepted':
        return { updates: trial.updates, bindings: clientIds.bindAll(judgement.fresh, conn.claims.participantId) };
    }
  }

  /** Closes the connection for input an honest client does not send. */
  reject(conn: Connection, code: number, reason: string): null {
    this.s.rejected(reasonLabel(code));
    this.s.log.warn({ room: this.s.room, participant: conn.claims.participantId, remote: conn.remote, code, reason }, 'connection closed for bad input');
    conn.close(code, reason);
    return null;
  }

  /** Permission denied with a reason: the client keeps its socket and rolls its copy back; endless refusals end the connection. */
  private deny(conn: Connection, reason: string, label: string): null {
    this.s.rejected(label);
    this.s.log.info({ room: this.s.room, participant: conn.claims.participantId, role: conn.claims.role, reason }, 'write refused');
    conn.send(encodePermissionDenied(reason));
    if (this.strikes.add(conn)) this.reject(conn, CLOSE.rateLimited, 'too many refused changes');
    return null;
  }

  /**
   * The update builds on history we lack: apply none of it and ask the client for everything
   * we are missing. While a request is out, later incomplete updates are dropped quietly: the
   * client's answer will hold them (a reconnecting client's edits often overtake its answer).
   */
  private askForHistory(conn: Connection, reason: string): null {
    this.s.rejected('incomplete');
    const since = this.awaitingHistory.get(conn);
    const now = Date.now();
    if (since !== undefined && now - since < HISTORY_REQUEST_PATIENCE_MS) {
      if (this.droppedWhileAwaiting.add(conn, now)) this.reject(conn, CLOSE.rateLimited, 'too many incomplete updates');
      return null;
    }
    this.s.log.info({ room: this.s.room, participant: conn.claims.participantId, reason }, 'update incomplete; asking for history');
    if (this.strikes.add(conn, now)) return this.reject(conn, CLOSE.rateLimited, 'too many incomplete updates');
    this.awaitingHistory.set(conn, now);
    conn.send(encodeSyncStep1(Y.encodeStateVector(this.s.document.doc)));
    return null;
  }
}

function reasonLabel(code: number): string {
  switch (code) {
    case CLOSE.malformed:
      return 'malformed';
    case CLOSE.tooLarge:
      return 'too-large';
    case CLOSE.invalidContent:
      return 'invalid-content';
    case CLOSE.rateLimited:
      return 'rate-limited';
    default:
      return String(code);
  }
}
