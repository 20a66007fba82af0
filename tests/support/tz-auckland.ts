// Scheduling must not depend on the server's zone: the same tests run again under a far-off TZ.
process.env.TZ = "Pacific/Auckland";
