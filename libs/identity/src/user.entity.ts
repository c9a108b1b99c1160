import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A member of staff who logs in with a password. */
@Entity('app_user')
export class UserEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') username: string;
  @Column('text', { name: 'password_hash' }) passwordHash: string;
  @Column('text', { array: true }) roles: string[];
  @Column('text', { nullable: true }) department: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
