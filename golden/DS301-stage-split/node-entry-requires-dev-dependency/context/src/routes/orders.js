import { PrismaClient } from '@prisma/client';

export const prisma = new PrismaClient();
export const orders = (req, res) => res.json([]);
