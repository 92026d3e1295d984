// Writes generated rows into a SQLite file shaped like Sequelize's: backquoted camelCase columns,
// DECIMAL(20,8)/DECIMAL(10,1) (NUMERIC affinity: a double is stored as REAL), JSON and dates as TEXT.
import { writeFileSync } from 'node:fs';
import initSqlJs from 'sql.js';
import { CALL_COLUMNS, PROJECT_COLUMNS, type CallRow, type ProjectRow } from './rows.js';

// The DDL Sequelize 6 emits for the hub's models on SQLite (ENUM becomes TEXT there)
export const SQLITE_DDL = `
CREATE TABLE IF NOT EXISTS \`ModelCalls\` (\`id\` VARCHAR(255) NOT NULL PRIMARY KEY, \`providerId\` VARCHAR(255) NOT NULL,
  \`model\` VARCHAR(255) NOT NULL, \`credentialId\` VARCHAR(255) NOT NULL, \`type\` TEXT NOT NULL DEFAULT 'chatCompletion',
  \`totalUsage\` INTEGER NOT NULL DEFAULT 0, \`usageMetrics\` JSON, \`credits\` DECIMAL(20,8) NOT NULL DEFAULT 0,
  \`status\` TEXT NOT NULL DEFAULT 'processing', \`duration\` DECIMAL(10,1), \`errorReason\` TEXT, \`appDid\` VARCHAR(255),
  \`userDid\` VARCHAR(255), \`requestId\` VARCHAR(255), \`metadata\` JSON, \`callTime\` INTEGER NOT NULL,
  \`createdAt\` DATETIME NOT NULL, \`updatedAt\` DATETIME NOT NULL, \`traceId\` VARCHAR(255));
CREATE INDEX IF NOT EXISTS \`model_calls_user_did_call_time\` ON \`ModelCalls\` (\`userDid\`, \`callTime\`);
CREATE TABLE IF NOT EXISTS \`Projects\` (\`appDid\` VARCHAR(255) NOT NULL UNIQUE PRIMARY KEY, \`appName\` VARCHAR(255) NOT NULL,
  \`appLogo\` VARCHAR(255), \`appUrl\` VARCHAR(255), \`createdAt\` DATETIME NOT NULL, \`updatedAt\` DATETIME NOT NULL);
`;

export async function writeSqlite(file: string, calls: Iterable<CallRow>, projects: Iterable<ProjectRow>): Promise<number> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  try {
    db.run(SQLITE_DDL);
    db.run('BEGIN');
    const insertCall = db.prepare(insertSql('ModelCalls', CALL_COLUMNS));
    let n = 0;
    for (const row of calls) {
      insertCall.run(CALL_COLUMNS.map((c) => row[c]));
      n++;
    }
    insertCall.free();
    const insertProject = db.prepare(insertSql('Projects', PROJECT_COLUMNS));
    for (const row of projects) insertProject.run(PROJECT_COLUMNS.map((c) => row[c]));
    insertProject.free();
    db.run('COMMIT');
    writeFileSync(file, db.export());
    return n;
  } finally {
    db.close();
  }
}

function insertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
}
