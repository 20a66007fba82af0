import { PrismaPg } from "@prisma/adapter-pg";
import { hash } from "@node-rs/argon2";
import { PrismaClient } from "../lib/generated/prisma/client.ts";
import { DEMO_PASSWORD, demoAccounts } from "./demo-accounts.ts";

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Creates the demo accounts; running it again changes nothing (same ids, upserts). */
export async function seedDemoData(databaseUrl: string): Promise<void> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    const passwordHash = await hash(DEMO_PASSWORD);
    for (const account of demoAccounts) {
      const { specialty, hours, ...user } = account;
      await db.user.upsert({
        where: { id: user.id },
        update: {},
        create: { ...user, passwordHash },
      });
      if (specialty) {
        await db.providerProfile.upsert({
          where: { userId: user.id },
          update: {},
          create: {
            userId: user.id,
            specialty,
            bio: `${user.name} sees patients by video.`,
            weeklyRules: {
              create: (hours ?? []).map(([weekday, from, to]) => ({ weekday, startMinute: minutes(from), endMinute: minutes(to) })),
            },
          },
        });
      }
    }
    // The demo clinic's contact details (fictional numbers), so "please contact the clinic" always says how.
    await db.clinicContact.upsert({
      where: { id: 1 },
      update: {},
      create: { id: 1, phone: "+44 20 7946 0000", email: "reception@consult.test", hours: "Mon-Fri 08:00-18:00" },
    });
  } finally {
    await db.$disconnect();
  }
}

const isMain = process.argv[1]?.endsWith("seed.ts");
if (isMain) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set. Run `npm run dev` (it seeds the embedded database itself) or set DATABASE_URL.");
    process.exit(1);
  }
  seedDemoData(url).then(
    () => console.log(`Seeded ${demoAccounts.length} demo accounts.`),
    (error: unknown) => {
      console.error("Seeding failed:", error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
