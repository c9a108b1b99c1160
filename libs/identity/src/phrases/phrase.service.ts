import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, DomainError, NotFoundError } from '@tongban/kernel';
import type { DataSource } from 'typeorm';

/** The most common opinions one user keeps. */
export const MAX_PHRASES = 100;

/** The longest common opinion. */
export const MAX_PHRASE_LENGTH = 500;

/** One of a user's common opinions (常用意见). */
export interface PhraseView {
  id: string;
  text: string;
  createdAt: Date;
}

/** 常用意见: each user's own opinions they write often, offered when they decide a task. */
@Injectable()
export class PhraseService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The user's phrases, oldest first. */
  async list(username: string): Promise<PhraseView[]> {
    return (await this.dataSource.query(
      `SELECT id, text, created_at AS "createdAt" FROM user_phrase WHERE username = $1 ORDER BY created_at, id`,
      [username],
    )) as PhraseView[];
  }

  /**
   * Adds a phrase. 400 for blank or over-long text; 409 for a text the user already keeps; 422 once
   * the user keeps MAX_PHRASES. The count and the insert are one statement, so two racing adds
   * cannot pass the limit together (the unique key stops a racing twin).
   */
  async add(username: string, text: string, at: Date): Promise<PhraseView> {
    const trimmed = text.trim();
    if (trimmed === '') throw new DomainError('VALIDATION_FAILED', 'A phrase needs some text', { field: 'text' });
    if (trimmed.length > MAX_PHRASE_LENGTH) throw new DomainError('VALIDATION_FAILED', `A phrase has at most ${MAX_PHRASE_LENGTH} characters`, { field: 'text' });
    const rows = (await this.dataSource.query(
      `INSERT INTO user_phrase (username, text, created_at)
       SELECT $1, $2, $3 WHERE (SELECT count(*) FROM user_phrase WHERE username = $1) < $4
       ON CONFLICT (username, text) DO NOTHING RETURNING id, text, created_at AS "createdAt"`,
      [username, trimmed, at, MAX_PHRASES],
    )) as PhraseView[];
    if (rows.length === 1) return rows[0];
    const [exists] = (await this.dataSource.query(`SELECT 1 FROM user_phrase WHERE username = $1 AND text = $2`, [username, trimmed])) as unknown[];
    if (exists) throw new ConflictError('You already keep this phrase', { field: 'text' });
    throw new DomainError('PHRASE_LIMIT', `You keep ${MAX_PHRASES} phrases already; delete one first`, { limit: MAX_PHRASES });
  }

  /** Deletes one of the user's phrases; 404 for a phrase that is not theirs. */
  async remove(username: string, id: string): Promise<void> {
    const result = (await this.dataSource.query(`DELETE FROM user_phrase WHERE id = $1 AND username = $2 RETURNING id`, [id, username])) as unknown[];
    const deleted = Array.isArray(result[0]) ? (result[0] as unknown[]) : result;
    if (deleted.length !== 1) throw new NotFoundError('Phrase', id);
  }
}
