# One production image for both Tongban processes; docker-compose.yml picks the command (api or worker).
# Node 22 LTS. The build stage has every dependency (TypeScript, Vite, the embedded PostgreSQL of the
# quick start); the runtime stage gets the compiled output and production dependencies only, runs as
# the unprivileged `node` user, and ships no workflows (the demo catalogue is opt-in: mount a folder
# and set TONGBAN_WORKFLOWS_DIR, see docker-compose.demo.yml).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    TONGBAN_METRICS_PORT=9464
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts/register-paths.js ./scripts/register-paths.js
USER node
# 3000: the api; 9464: metrics and probes of the api and the worker (not for the public network).
EXPOSE 3000 9464
# Readiness (PostgreSQL and Redis answer) on the operations port, which the api and the worker both serve.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.TONGBAN_METRICS_PORT + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "-r", "./scripts/register-paths.js", "dist/apps/api/src/main.js"]
