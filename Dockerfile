# manabot: the bot (npm start) and the training worker (npm run worker) share this image.
FROM node:20-bookworm
WORKDIR /app
RUN npm install -g npm@11
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
CMD ["node", "--import", "tsx", "src/main.ts"]
