# One image for both Tongban processes; docker-compose.yml picks the command (api or worker).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/workflows ./workflows
COPY --from=build /app/package.json ./package.json
USER node
CMD ["node", "-r", "./scripts/register-paths.js", "dist/apps/api/src/main.js"]
