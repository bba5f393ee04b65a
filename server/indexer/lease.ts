/**
 * The reconciliation lease: one row in `agr_meta` naming the node that reconciles and until when.
 * Taken and renewed by compare-and-set on the row's value, so it works on every database without
 * row locks; an expired lease (its node died) is taken over.
 */
import { randomUUID } from 'crypto';
import type { IndexStore } from '../store/types';

export const LEASE_KEY = 'reconcile.lease';

export interface LeaseState {
  node: string;
  /** Distinguishes two runs on one node. */
  token: string;
  expiresAt: string;
}

export function parseLease(value: string | undefined): LeaseState | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<LeaseState>;
    if (typeof parsed.node === 'string' && typeof parsed.token === 'string' && typeof parsed.expiresAt === 'string') return parsed as LeaseState;
  } catch {
    // An unreadable lease counts as expired.
  }
  return undefined;
}

export function isLive(lease: LeaseState | undefined, now = Date.now()): lease is LeaseState {
  return lease !== undefined && Date.parse(lease.expiresAt) > now;
}

export class ReconcileLease {
  private held: string | undefined;
  private renewedAt = 0;

  constructor(
    private readonly store: IndexStore,
    private readonly node: string,
    private readonly ttlMs: number,
  ) {}

  /** Takes the lease unless another run holds a live one; returns whether it is ours. */
  async acquire(): Promise<boolean> {
    const raw = await this.store.getMeta(LEASE_KEY);
    if (isLive(parseLease(raw))) return false;
    return this.swap(raw);
  }

  /** Extends the lease when a third of its time has passed; false when another node took it. */
  async renewIfDue(): Promise<boolean> {
    if (this.held === undefined) return false;
    if (Date.now() - this.renewedAt < this.ttlMs / 3) return true;
    return this.swap(this.held);
  }

  async release(): Promise<void> {
    if (this.held === undefined) return;
    await this.store.compareAndSetMeta(LEASE_KEY, this.held, undefined);
    this.held = undefined;
  }

  private async swap(expected: string | undefined): Promise<boolean> {
    const now = Date.now();
    const next = JSON.stringify({ node: this.node, token: randomUUID(), expiresAt: new Date(now + this.ttlMs).toISOString() } satisfies LeaseState);
    if (!(await this.store.compareAndSetMeta(LEASE_KEY, expected, next))) {
      this.held = undefined;
      return false;
    }
    this.held = next;
    this.renewedAt = now;
    return true;
  }
}
