import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;

export interface FoundationTables {
  unit_groups: { code: string; name: string; historical: Generated<boolean> };
  units: {
    id: Generated<number>;
    code: string;
    name: string;
    group_code: string;
    parent_id: number | null;
    valid_from: string | null;
    valid_to: string | null;
    is_demo: Generated<boolean>;
    created_at: Generated<Date>;
  };
  unit_successors: { predecessor_id: number; successor_id: number };
  users: {
    id: Generated<number>;
    username: string;
    display_name: string;
    password_hash: string;
    is_active: Generated<boolean>;
    is_demo: Generated<boolean>;
    created_at: Generated<Date>;
  };
  role_grants: {
    id: Generated<number>;
    user_id: number;
    role: string;
    unit_id: number | null;
    include_descendants: Generated<boolean>;
  };
  sessions: {
    id: string;
    user_id: number;
    csrf_token: string;
    created_at: Generated<Date>;
    last_seen_at: Timestamp;
    expires_at: Timestamp;
    revoked_at: Timestamp | null;
    ip: string | null;
    user_agent: string | null;
  };
  login_attempts: { id: Generated<number>; username: string; ip: string; succeeded: boolean; at: Generated<Date> };
  audit_log: {
    id: Generated<number>;
    at: Generated<Date>;
    actor_id: number | null;
    actor_name: string | null;
    action: string;
    entity: string;
    entity_id: string | null;
    unit_id: number | null;
    before: Json | null;
    after: Json | null;
    ip: string | null;
  };
  app_settings: { key: string; value: Json };
}
