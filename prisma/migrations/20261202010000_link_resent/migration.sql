-- Staff send a patient a new join link (the old ones stop working): recorded on the visit's timeline.
ALTER TYPE "VisitEventType" ADD VALUE 'LINK_RESENT';
