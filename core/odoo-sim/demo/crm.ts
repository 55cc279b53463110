/** Sales team, pipeline stages, lost reasons and opportunities (won, lost = archived, and open ones). */
import type { Ctx } from './context';
import { fmtDateTime, fmtDay } from './dates';
import { personName } from './names';

export function genCrm(ctx: Ctx): { won: number; lost: number; open: number } {
  const { db } = ctx;
  const rng = ctx.rng.fork('crm');
  const team = db.add('crm.team', { name: 'Sales', user_id: ctx.userIds.sales, company_id: ctx.companyId, active: true, member_ids: [ctx.userIds.sales, ctx.userIds.admin] });
  const stages = [
    db.add('crm.stage', { name: 'New', sequence: 1, is_won: false, fold: false, team_id: false }),
    db.add('crm.stage', { name: 'Qualified', sequence: 2, is_won: false, fold: false, team_id: false }),
    db.add('crm.stage', { name: 'Proposition', sequence: 3, is_won: false, fold: false, team_id: false }),
    db.add('crm.stage', { name: 'Won', sequence: 70, is_won: true, fold: false, team_id: false }),
  ];
  const reasons = ['Too expensive', 'We don\'t have people/skills', 'Not enough stock', 'Chose a competitor', 'No budget this year'].map((name) => db.add('crm.lost.reason', { name, active: true }));
  const topics = ['Office fit-out', 'Sit-stand desks', 'Meeting room refurbishment', 'Ergonomic chairs rollout', 'Monitor refresh', 'Maintenance contract', 'New branch furniture', 'Home-office kits', 'Archive storage', 'Workplace consulting'];
  const counts = { won: 0, lost: 0, open: 0 };
  for (let i = 0; i < ctx.cfg.leads; i++) {
    const partner = rng.chance(0.8) ? rng.pick(ctx.customers) : undefined;
    const outcome = rng.weighted(['won', 'lost', 'open'] as const, [30, 25, 45]);
    const created = rng.int(ctx.start, ctx.today);
    const stageIdx = outcome === 'won' ? 3 : outcome === 'lost' ? rng.int(0, 2) : rng.weighted([0, 1, 2], [40, 35, 25]);
    const probability = outcome === 'won' ? 100 : outcome === 'lost' ? 0 : ([10, 30, 60] as const)[stageIdx] ?? 10;
    const revenue = rng.int(10, 600) * 100;
    const contact = personName(rng);
    db.add('crm.lead', {
      name: `${rng.pick(topics)}${partner ? ` – ${partner.name}` : ''}`, type: rng.chance(0.85) ? 'opportunity' : 'lead', stage_id: stages[stageIdx] ?? stages[0],
      expected_revenue: revenue, probability, prorated_revenue: Math.round(revenue * probability) / 100, partner_id: partner?.id ?? false,
      contact_name: `${contact.first} ${contact.last}`, partner_name: partner ? false : `${contact.last} ${rng.pick(['BV', 'NV', 'SRL'])}`,
      email_from: `${contact.first.toLowerCase()}@example.com`, user_id: ctx.userIds.sales, team_id: team, company_id: ctx.companyId,
      date_deadline: fmtDay(created + rng.int(20, 120)), create_date: fmtDateTime(created, 32400), date_closed: outcome === 'open' ? false : fmtDateTime(Math.min(ctx.today, created + rng.int(10, 90)), 50000),
      active: outcome !== 'lost', lost_reason_id: outcome === 'lost' ? rng.pick(reasons) : false, priority: String(rng.int(0, 3)), description: false,
    });
    counts[outcome]++;
  }
  return counts;
}
