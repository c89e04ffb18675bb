import 'dotenv/config';
import pg from 'pg';

export const pool = new pg.Pool();
export const orders = (req, res) => res.json([]);
