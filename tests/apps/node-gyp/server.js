'use strict';
const Client = require('pg-native');

if (process.argv.includes('--check')) {
  // loads the compiled addon, which links libpq
  const client = new Client();
  console.log('pg-native ready:', typeof client.connectSync, 'node', process.version);
  process.exit(0);
}

const client = new Client();
client.connectSync(process.env.DATABASE_URL || 'postgresql://orders@db/orders');
client.querySync('LISTEN new_order');
client.on('notification', (msg) => console.log('order', msg.payload));
