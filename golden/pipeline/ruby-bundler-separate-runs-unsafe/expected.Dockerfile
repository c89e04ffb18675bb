FROM ruby:3.3
WORKDIR /srv
COPY Gemfile Gemfile.lock ./
RUN gem install bundler && rm -rf /usr/local/bundle/cache
RUN bundle install && rm -rf /usr/local/bundle/cache
COPY . .
CMD ["bundle", "exec", "puma"]
