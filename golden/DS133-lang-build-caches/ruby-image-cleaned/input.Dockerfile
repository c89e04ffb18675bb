FROM ruby:3.3
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN gem install bundler && bundle install && rm -rf /usr/local/bundle/cache
