-- The capability taxonomy every install starts with; admins edit it in the app (Admin → Capabilities).
-- Existing entries keep the names and descriptions an admin gave them.
INSERT INTO "capability" ("id", "key", "name", "description", "sortOrder") VALUES
  (gen_random_uuid()::text, 'agentic-reasoning', 'Agentic reasoning', 'Planning and acting over multiple steps toward a goal.', 0),
  (gen_random_uuid()::text, 'software-engineering', 'Software engineering', 'Writing, migrating, reviewing and debugging code.', 1),
  (gen_random_uuid()::text, 'long-horizon', 'Long-horizon tasks', 'Tasks that need state kept across many steps or sessions.', 2),
  (gen_random_uuid()::text, 'tool-use', 'Tool use', 'Function calling, tool selection and tool-result handling.', 3),
  (gen_random_uuid()::text, 'cot-elicitation', 'Reasoning-trace / chain-of-thought elicitation', 'Prompts that coerce the model to write out its internal reasoning step by step.', 4),
  (gen_random_uuid()::text, 'safety-probing', 'Safety-alignment probing', 'Attempts to map or strip refusals and safety behaviour.', 5),
  (gen_random_uuid()::text, 'math-reasoning', 'Math & science', 'Proofs, competition mathematics, quantitative and scientific reasoning.', 6),
  (gen_random_uuid()::text, 'multilingual', 'Multilingual', 'Translation and non-English tasks used to harvest multilingual ability.', 7),
  (gen_random_uuid()::text, 'other', 'Other', 'A capability not listed above; say which in the note.', 8)
ON CONFLICT ("key") DO NOTHING;
